using System.Threading.Channels;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>
/// The stdin side of a stream-json session: the prompt first, then each message sent through
/// <see cref="AgentInput"/>. Claude Code answers every user message with a <c>result</c> and then waits for the
/// next one, so stdin is closed (and the agent ends) once every message sent has been answered.
/// </summary>
internal sealed class Conversation
{
    private readonly AgentInput _input;
    private readonly Channel<string> _stdin = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _forwarding;

    public Conversation(AgentInput input, string prompt)
    {
        _input = input;
        _stdin.Writer.TryWrite(ClaudeLaunch.UserMessage(prompt));
        _forwarding = ForwardAsync();
    }

    public ChannelReader<string> Stdin => _stdin.Reader;

    /// <summary>Called with the number of results so far; the first one answers the prompt.</summary>
    public void Answered(int results) => _input.CompleteIfAnswered(results - 1);

    public async Task EndAsync()
    {
        _input.Complete();
        await _forwarding.ConfigureAwait(false);
    }

    private async Task ForwardAsync()
    {
        await foreach (var message in _input.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            _stdin.Writer.TryWrite(ClaudeLaunch.UserMessage(message));
        }

        _stdin.Writer.TryComplete();
    }
}
