using System.Text.Json;
using IoTPush.Receiving;
using Xunit;

namespace IoTPush.Tests.Rules;

public sealed class DedupKeyTests
{
    private static byte[] Key(string json)
    {
        using var document = JsonDocument.Parse(json);
        return DedupKey.Compute(document.RootElement);
    }

    [Fact]
    public void Canonical_SortsLowerCasesAndDropsWhitespace_AtEveryDepth()
    {
        using var document = JsonDocument.Parse("""{ "b": 1, "A": { "Z": [ 1, {"y":"\u00e9", "X": null} ], "c": true } }""");

        Assert.Equal("""{"a":{"c":true,"z":[1,{"x":null,"y":"é"}]},"b":1}""", DedupKey.Canonical(document.RootElement));
    }

    [Fact]
    public void Key_IsTheSameForReformattedReorderedAndRecasedBodies()
    {
        Assert.Equal(
            Key("""{"notifyType":"x","deviceId":"d","step":"1"}"""),
            Key("""{ "STEP" : "1",  "DeviceId":"d", "notifyType": "x" }"""));
    }

    [Theory]
    [InlineData("""{"notifyType":"x","deviceId":"D"}""")]
    [InlineData("""{"notifyType":"x","deviceId":"d","extra":1}""")]
    [InlineData("""{"notifyType":"x","deviceId":"d "}""")]
    public void Key_DiffersWhenAnyValueDiffers(string other)
    {
        Assert.NotEqual(Key("""{"notifyType":"x","deviceId":"d"}"""), Key(other));
    }

    [Fact]
    public void Key_TreatsEscapedAndLiteralCharactersAlike()
    {
        Assert.Equal(Key("""{"a":"\u0041\/"}"""), Key("""{"a":"A/"}"""));
    }

    [Theory]
    [InlineData("""{"a":{"x":1,"X":2}}""", """{"a":{"X":1,"x":2}}""")]
    [InlineData("""{"a":{"x":1,"X":2}}""", """{"a":{"x":2,"x":1}}""")]
    [InlineData("""{"notifyType":"t","kind":"1"}""", "{\"notifyType\":\"t\",\"\u212Aind\":\"1\"}")]
    [InlineData("""{"notifyType":"t","\u00c9t\u00e9":"1"}""", """{"notifyType":"t","\u00e9t\u00e9":"1"}""")]
    [InlineData("""{"notifyType":"t","x\ud800":1}""", """{"notifyType":"t","x\\ud800":1}""")]
    public void Key_NeverEquatesTwoDifferentBodies(string one, string other)
    {
        Assert.NotEqual(Key(one), Key(other));
    }

    [Fact]
    public void Key_OfABodyWithLoneSurrogates_DoesNotThrow_AndIsStableForTheSameBytes()
    {
        const string body = """{"notifyType":"t","\udc00":{"v":"\ud800"}}""";

        Assert.Equal(Key(body), Key(body));
        Assert.NotEqual(Key(body), Key("""{"notifyType":"t","\udc00":{"v":"\ud801"}}"""));
    }

    /// <summary>
    /// Keys already stored must match the pushes that repeat them after an upgrade: the key of each body is pinned
    /// (plain text, escapes, surrogate pairs, numbers as written, names that differ only in case, a lone surrogate).
    /// </summary>
    [Theory]
    [InlineData("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"dev-1","appId":"a","operationId":"op","subOperationId":"s","step":"1","stepDesc":"downloading"}""",
        "8ECCF931BCF2E6CA82F1AE164F93328CFEAA16D5A1408E26B776790BE6E8F329")]
    [InlineData("""{ "B": {"z": ["é", "\u00e9", "😀", "\ud83d\ude00", "tab\there", "quote\"q", "<>&'", 1.50, -0, 1e3, true, null]}, "a": "snow ☃ / \/" }""",
        "2C60396DA37FEF321600F71CB7CAE6ABA4FEC545A85B2FEB6D87920372C226F7")]
    [InlineData("""{"deviceId":"x","DeviceId":"y","name":"\u2028line"}""", "0224CB1E09DE3569856D9B518A9382EF03CBC12FE20C8A42D7CAD76D803F4060")]
    [InlineData("""{"v":"\ud800lone"}""", "47108FE1B19F37381B5F9F93DEFF010053DD27E6D90C390A476DB88A19D9AE0C")]
    public void Key_StaysTheSameAcrossVersions(string body, string key)
    {
        Assert.Equal(key, Convert.ToHexString(Key(body)));
    }
}
