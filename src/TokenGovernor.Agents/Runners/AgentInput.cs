using System.Threading.Channels;

namespace TokenGovernor.Agents.Runners;

/// <summary>
/// Messages for a running agent, e.g. "commit your work and summarise". Runners that accept input turn each
/// message into what their agent reads on stdin; the others ignore it. Once completed, nothing more is sent.
/// </summary>
public sealed class AgentInput
{
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private int _sent;
    private bool _completed;

    /// <summary>Queues a message for the agent; false once the input is complete (the agent no longer listens).</summary>
    public bool TrySend(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (_completed || !_messages.Writer.TryWrite(message))
            {
                return false;
            }

            _sent++;
            return true;
        }
    }

    /// <summary>No more messages: the agent sees the end of its input once the queued ones are delivered.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _messages.Writer.TryComplete();
        }
    }

    internal ChannelReader<string> Reader => _messages.Reader;

    /// <summary>
    /// Completes the input when the agent has answered every message sent so far, atomically with respect to
    /// <see cref="TrySend"/>: a message sent before this call keeps the input open, one sent after it is refused.
    /// </summary>
    internal bool CompleteIfAnswered(int answered)
    {
        lock (_gate)
        {
            if (answered < _sent)
            {
                return false;
            }

            _completed = true;
            _messages.Writer.TryComplete();
            return true;
        }
    }
}
