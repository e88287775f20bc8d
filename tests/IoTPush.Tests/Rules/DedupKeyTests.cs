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
}
