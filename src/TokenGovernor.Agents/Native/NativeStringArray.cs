using System.Runtime.InteropServices;
using System.Text;

namespace TokenGovernor.Agents.Native;

/// <summary>
/// A null-terminated array of null-terminated UTF-8 strings (an argv or envp) in one native block, pointers
/// first and the bytes after them, freed on dispose.
/// </summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private byte* _block;

    public NativeStringArray(IReadOnlyList<string> items)
    {
        var pointersSize = (nuint)(items.Count + 1) * (nuint)sizeof(byte*);
        var total = pointersSize;
        foreach (var item in items)
        {
            total += (nuint)Encoding.UTF8.GetByteCount(item) + 1;
        }

        _block = (byte*)NativeMemory.Alloc(total);
        var pointers = (byte**)_block;
        var next = _block + pointersSize;
        for (var i = 0; i < items.Count; i++)
        {
            var length = Encoding.UTF8.GetBytes(items[i], new Span<byte>(next, (int)(total - (nuint)(next - _block))));
            next[length] = 0;
            pointers[i] = next;
            next += length + 1;
        }

        pointers[items.Count] = null;
    }

    public byte** Pointers => (byte**)_block;

    public void Dispose()
    {
        NativeMemory.Free(_block);
        _block = null;
    }
}
