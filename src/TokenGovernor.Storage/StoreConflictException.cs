namespace TokenGovernor.Storage;

/// <summary>A write would break a uniqueness rule: an id or a name is taken. The message names which.</summary>
public sealed class StoreConflictException : InvalidOperationException
{
    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StoreConflictException()
    {
    }
}
