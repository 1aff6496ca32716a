using System.Security.Cryptography;
using System.Text;

namespace TokenGovernor.Engine.Service;

/// <summary>How API key secrets look and how they are hashed for the store.</summary>
public static class ApiKeys
{
    private const string Marker = "tgk_";

    /// <summary>A new secret, <c>tgk_&lt;prefix&gt;_&lt;random&gt;</c>; the prefix is shown in listings.</summary>
    public static (string Secret, string Prefix) NewSecret()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var random = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{Marker}{prefix}_{random}", prefix);
    }

    /// <summary>SHA-256 of the secret, hex: secrets are long random strings, so a plain hash is enough to keep them safe at rest.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
