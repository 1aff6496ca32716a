using System.Security.Cryptography;
using System.Text;
using TokenGovernor.Simulator.Apis;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Conversations;

/// <summary>The turn a request gets: which conversation it continues, the turn's index, and the turn.</summary>
public sealed record TurnChoice(string Conversation, int TurnIndex, bool IsFallback, Turn Turn);

/// <summary>
/// Tells which conversation a request continues, so each gets the next turn of its scenario. A request continues
/// the conversation (same API, scenario and client session) whose previous history is a prefix of its own; an
/// identical history continues it only after an error (the client is retrying), otherwise it is a new run.
/// </summary>
public sealed class ConversationTracker
{
    private readonly Lock _gate = new();
    private readonly List<Conversation> _conversations = [];

    public TurnChoice Next(ApiKind api, Scenario scenario, string? session, IReadOnlyList<HistoryMessage> history)
    {
        var key = $"{ModelRequest.ApiName(api)}|{scenario.Name}|{session}";
        var hashes = history.Select(Hash).ToList();
        lock (_gate)
        {
            var conversation = _conversations
                .Where(c => c.Key == key && Continues(c, hashes))
                .OrderByDescending(c => c.History.Count)
                .ThenByDescending(c => c.Number)
                .FirstOrDefault();
            if (conversation is null)
            {
                conversation = new Conversation(key, _conversations.Count + 1);
                _conversations.Add(conversation);
            }

            conversation.History = hashes;
            var index = conversation.Cursor;
            if (index >= scenario.Turns.Count)
            {
                conversation.LastFailed = scenario.Fallback.Error != TurnError.None;
                return new TurnChoice(conversation.Id, index, true, scenario.Fallback);
            }

            var turn = scenario.Turns[index];
            conversation.Served++;
            if (turn.Times != -1 && conversation.Served >= turn.Times)
            {
                conversation.Cursor++;
                conversation.Served = 0;
            }

            conversation.LastFailed = turn.Error != TurnError.None;
            return new TurnChoice(conversation.Id, index, false, turn);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _conversations.Clear();
        }
    }

    private static bool Continues(Conversation conversation, List<string> hashes)
    {
        var previous = conversation.History;
        if (previous.Count > hashes.Count || (previous.Count == hashes.Count && !conversation.LastFailed))
        {
            return false;
        }

        for (var i = 0; i < previous.Count; i++)
        {
            if (previous[i] != hashes[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string Hash(HistoryMessage message) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{message.Role}\0{message.Text}\0{message.ToolCallIds}")))[..16];

    private sealed class Conversation(string key, int number)
    {
        public string Key { get; } = key;

        public int Number { get; } = number;

        public string Id => $"c{Number}";

        public List<string> History { get; set; } = [];

        public int Cursor { get; set; }

        public int Served { get; set; }

        public bool LastFailed { get; set; }
    }
}
