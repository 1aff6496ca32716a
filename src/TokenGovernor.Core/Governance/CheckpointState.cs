namespace TokenGovernor.Core.Governance;

/// <summary>Whether a task has been asked to checkpoint, and whether it has.</summary>
public enum CheckpointState
{
    None,
    Requested,
    Saved,
}

public static class CheckpointStates
{
    private static readonly WireNames<CheckpointState> Names = new(
        (CheckpointState.None, "none"),
        (CheckpointState.Requested, "requested"),
        (CheckpointState.Saved, "saved"));

    public static string ToWire(this CheckpointState value) => Names.ToWire(value);

    public static CheckpointState Parse(string wire) => Names.TryParse(wire, out var value)
        ? value
        : throw new FormatException($"'{wire}' is not a checkpoint state");
}
