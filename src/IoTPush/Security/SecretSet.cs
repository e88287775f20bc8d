using System.Security.Cryptography;
using System.Text;

namespace IoTPush.Security;

/// <summary>
/// A set of accepted secrets (callback tokens, API keys), matched in constant time: every secret is
/// compared, over SHA-256 digests of equal length, so the time taken says nothing about any of them.
/// </summary>
public sealed class SecretSet
{
    private readonly byte[][] _digests;

    public SecretSet(IEnumerable<string> secrets) =>
        _digests = secrets.Select(secret => SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToArray();

    public bool IsEmpty => _digests.Length == 0;

    public bool Contains(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var found = false;
        foreach (var accepted in _digests)
        {
            found |= CryptographicOperations.FixedTimeEquals(digest, accepted);
        }

        return found;
    }
}
