using System.Security.Cryptography;
using System.Text;

namespace ToolBridge.Data.Tokens;

/// <summary>
/// The secret format: <c>tb_</c>, 32 random bytes in base62 (43 characters), then a 6-character base62 CRC32 of
/// everything before it. The fixed shape and checksum let a malformed or mistyped secret be refused without a
/// database query, and let secret scanners recognise a leaked one.
/// </summary>
public static class TokenSecret
{
    public const string Prefix = "tb_";
    private const int BodyLength = 43;
    private const int ChecksumLength = 6;
    public const int Length = 3 + BodyLength + ChecksumLength;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate()
    {
        var body = Base62(RandomNumberGenerator.GetBytes(32), BodyLength);
        return Prefix + body + Checksum(Prefix + body);
    }

    public enum Shape
    {
        Valid,
        Malformed,
        BadChecksum,
    }

    public static Shape Check(string secret)
    {
        if (secret.Length != Length || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.AsSpan(3).ContainsAnyExcept(Alphabet))
        {
            return Shape.Malformed;
        }

        return Checksum(secret[..^ChecksumLength]) == secret[^ChecksumLength..] ? Shape.Valid : Shape.BadChecksum;
    }

    /// <summary>What is stored: the SHA-256 of the secret. The secret itself is never stored or logged.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>
    /// A non-secret reminder shown in lists and audit events: the prefix and the last four characters (which belong to
    /// the checksum). No character of the random part is shown.
    /// </summary>
    public static string Hint(string secret) => $"{Prefix}…{secret[^4..]}";

    private static string Checksum(string value) => Base62(BitConverter.GetBytes(Crc32(Encoding.ASCII.GetBytes(value))).Reverse().ToArray(), ChecksumLength);

    private static string Base62(byte[] bytes, int width)
    {
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var text = new StringBuilder();
        while (value > 0)
        {
            text.Insert(0, Alphabet[(int)(value % 62)]);
            value /= 62;
        }

        return text.ToString().PadLeft(width, '0');
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
