using System.Text.Encodings.Web;
using System.Text.Json;

namespace TokenGovernor.Simulator;

/// <summary>How the simulator writes JSON: plain quotes and apostrophes, as the real APIs send them.</summary>
internal static class Json
{
    public static JsonSerializerOptions Wire { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
