using System.Text;
using TokenGovernor.Usage.Tail;

namespace TokenGovernor.Usage.Tests.Tail;

public sealed class LogTailTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("token-gov-tail-").FullName;

    [Fact]
    public void Second_read_returns_only_the_lines_appended_since_the_first()
    {
        var file = Write("a.jsonl", "one\ntwo\n");
        var tail = new LogTail();

        Assert.Equal("one\ntwo\n", Text(tail.Read(file)));
        File.AppendAllText(file, "three\n");
        var second = tail.Read(file);

        Assert.Equal("three\n", Text(second));
        Assert.False(second.Restarted);
        Assert.Equal(8, second.From);
    }

    [Fact]
    public void Unchanged_file_reads_nothing()
    {
        var file = Write("a.jsonl", "one\n");
        var tail = new LogTail();
        tail.Read(file);

        Assert.Empty(tail.Read(file).Lines);
    }

    [Fact]
    public void Line_without_its_newline_yet_waits_for_the_next_read()
    {
        var file = Write("a.jsonl", "one\ntw");
        var tail = new LogTail();

        Assert.Equal("one\n", Text(tail.Read(file)));
        File.AppendAllText(file, "o\n");
        Assert.Equal("two\n", Text(tail.Read(file)));
    }

    [Fact]
    public void Truncated_file_is_read_again_from_the_start()
    {
        var file = Write("a.jsonl", "one\ntwo\nthree\n");
        var tail = new LogTail();
        tail.Read(file);

        File.WriteAllText(file, "four\n");
        var read = tail.Read(file);

        Assert.True(read.Restarted);
        Assert.Equal("four\n", Text(read));
    }

    [Fact]
    public void Replaced_file_of_greater_length_is_read_again_from_the_start()
    {
        var file = Write("a.jsonl", "first session\n");
        var tail = new LogTail();
        tail.Read(file);

        var other = Write("b.jsonl", "other session\nand more lines\n");
        File.Move(other, file, overwrite: true);
        var read = tail.Read(file);

        Assert.True(read.Restarted);
        Assert.Equal("other session\nand more lines\n", Text(read));
    }

    [Fact]
    public void Positions_given_back_resume_where_an_earlier_tail_stopped()
    {
        var file = Write("a.jsonl", "one\n");
        var first = new LogTail();
        first.Read(file);
        File.AppendAllText(file, "two\n");

        var resumed = new LogTail(new Dictionary<string, TailPosition>(first.Positions));

        Assert.Equal("two\n", Text(resumed.Read(file)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Text(TailRead read) => Encoding.UTF8.GetString(read.Lines);
}
