using System.Net;
using System.Text.Json.Nodes;

namespace TokenGovernor.Server.Tests.Infrastructure;

/// <summary>Reads a problem-details answer and checks its status and the field it names.</summary>
public static class Problem
{
    public static async Task<JsonObject> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        if (field is not null)
        {
            Assert.Equal(field, problem["field"]?.GetValue<string>());
            Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        return problem;
    }
}
