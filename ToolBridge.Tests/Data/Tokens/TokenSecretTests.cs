using System.Security.Cryptography;
using System.Text;
using ToolBridge.Data.Tokens;

namespace ToolBridge.Tests.Data.Tokens;

/// <summary>The secret format (docs/security.md, "Token design in short"): <c>tb_</c>, base62 randomness, a base62 checksum; only its hash is kept.</summary>
public sealed class TokenSecretTests
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    [Fact]
    public void Generate_Always_GivesPrefixAnd49Base62CharactersThatPassCheck()
    {
        var secrets = Enumerable.Range(0, 200).Select(_ => TokenSecret.Generate()).ToList();

        Assert.All(secrets, secret =>
        {
            Assert.Matches("^tb_[0-9A-Za-z]{49}$", secret);
            Assert.Equal(52, secret.Length);
            Assert.Equal(TokenSecret.Shape.Valid, TokenSecret.Check(secret));
        });
    }

    [Fact]
    public void Generate_TwoSecrets_Differ()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => TokenSecret.Generate()).ToList();

        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        Assert.Equal(secrets.Count, secrets.Select(s => s[3..^6]).Distinct().Count());
    }

    [Fact]
    public void Check_AnyOneCharacterChanged_IsBadChecksum()
    {
        var secret = TokenSecret.Generate();

        var shapes = Enumerable.Range(TokenSecret.Prefix.Length, secret.Length - TokenSecret.Prefix.Length)
            .Select(i => (Position: i, Shape: TokenSecret.Check(Replace(secret, i, Other(secret[i])))))
            .ToList();

        Assert.All(shapes, s => Assert.True(s.Shape == TokenSecret.Shape.BadChecksum, $"position {s.Position}: {s.Shape}"));
    }

    [Fact]
    public void Check_TwoCharactersSwapped_IsBadChecksum()
    {
        var secret = TokenSecret.Generate();
        var i = Enumerable.Range(3, 40).First(i => secret[i] != secret[i + 1]);

        var shape = TokenSecret.Check(secret[..i] + secret[i + 1] + secret[i] + secret[(i + 2)..]);

        Assert.Equal(TokenSecret.Shape.BadChecksum, shape);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(32)]
    [InlineData(51)]
    [InlineData(53)]
    [InlineData(60)]
    public void Check_WrongLength_IsMalformed(int length)
    {
        var secret = TokenSecret.Generate();
        var wrong = length <= secret.Length ? secret[..length] : secret + new string('A', length - secret.Length);

        var shape = TokenSecret.Check(wrong);

        Assert.Equal(TokenSecret.Shape.Malformed, shape);
    }

    [Theory]
    [InlineData("TB_")]
    [InlineData("tb-")]
    [InlineData("tc_")]
    [InlineData("xx_")]
    public void Check_WrongPrefix_IsMalformed(string prefix)
    {
        var secret = TokenSecret.Generate();

        var shape = TokenSecret.Check(prefix + secret[3..]);

        Assert.Equal(TokenSecret.Shape.Malformed, shape);
    }

    [Theory]
    [InlineData('-')]
    [InlineData('_')]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData('=')]
    [InlineData(' ')]
    [InlineData('é')]
    public void Check_NonBase62Character_IsMalformed(char bad)
    {
        var secret = TokenSecret.Generate();

        var inBody = TokenSecret.Check(Replace(secret, 10, bad));
        var inChecksum = TokenSecret.Check(Replace(secret, secret.Length - 1, bad));

        Assert.Equal(TokenSecret.Shape.Malformed, inBody);
        Assert.Equal(TokenSecret.Shape.Malformed, inChecksum);
    }

    [Fact]
    public void Hash_IsTheSha256OfTheSecret()
    {
        var secret = TokenSecret.Generate();

        var hash = TokenSecret.Hash(secret);

        Assert.Equal(32, hash.Length);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), hash);
        Assert.Equal(hash, TokenSecret.Hash(secret));
        Assert.NotEqual(hash, TokenSecret.Hash(TokenSecret.Generate()));
    }

    [Fact]
    public void Hint_ShowsNoMoreThanThePrefixAndTheLastFourCharacters()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => TokenSecret.Generate()).ToList();

        var hints = secrets.Select(s => (Secret: s, Hint: TokenSecret.Hint(s))).ToList();

        Assert.All(hints, h =>
        {
            Assert.StartsWith(TokenSecret.Prefix, h.Hint);
            Assert.EndsWith(h.Secret[^4..], h.Hint);
            var between = h.Hint[TokenSecret.Prefix.Length..^4];
            Assert.DoesNotContain(between, c => Base62.Contains(c));
            Assert.NotEmpty(between);
        });
    }

    private static string Replace(string text, int index, char c) => text[..index] + c + text[(index + 1)..];

    private static char Other(char c) => c == 'a' ? 'b' : 'a';
}
