namespace TokenGovernor.Simulator.Tests;

/// <summary>Scenario files the tests serve.</summary>
internal static class Scenarios
{
    public const string Write = """
        {
          "turns": [
            {"text": "I'll create the file.", "action": "write_file", "path": "hello.txt", "content": "hello\n",
             "usage": {"input_tokens": 1500, "output_tokens": 80, "cache_read_input_tokens": 4000, "cache_creation_input_tokens": 200, "reasoning_tokens": 10}},
            {"text": "Created hello.txt.", "usage": {"input_tokens": 1700, "output_tokens": 12, "cache_read_input_tokens": 5500}}
          ]
        }
        """;

    public const string Shell = """
        [{"action": "shell", "command": "echo hi > x.txt"}, "Ran it."]
        """;
}
