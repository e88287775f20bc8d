using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IoTPush.Receiving;
using Xunit;

namespace IoTPush.Tests.Rules;

public sealed class DuplicateNameTests
{
    /// <summary>A body of about 63 KB: 2,450 properties, each written a second time in other letter case when <paramref name="repeated"/>.</summary>
    private static string Body(bool repeated)
    {
        var body = new StringBuilder("{\"notifyType\":\"fwUpgradeStateChangeNotify\"");
        for (var i = 0; i < 2_450; i++)
        {
            var name = $"p{i:D5}x";
            body.Append($",\"{name}\":1");
            body.Append(repeated ? $",\"{name.ToUpperInvariant()}\":2" : $",\"{name}q\":2");
        }

        return body.Append('}').ToString();
    }

    [Fact]
    public void Envelope_NamesEveryRepeatedProperty_OnceEach()
    {
        using var json = JsonDocument.Parse(Body(repeated: true));

        var errors = PushDocument.Read(json.RootElement).Errors!;

        Assert.Equal(2_450, errors.Count);
        Assert.Equal(["'p00007x' appears more than once (names are case-insensitive)."], errors["p00007x"]);
    }

    [Fact]
    public void Envelope_ReadsABodyOfRepeatedNames_InTimeLinearInItsSize()
    {
        using var repeated = JsonDocument.Parse(Body(repeated: true));
        using var distinct = JsonDocument.Parse(Body(repeated: false));

        // Ratios of medians on the same machine, not absolute times: the quadratic check took ~200x.
        var ratio = Median(() => PushDocument.Read(repeated.RootElement)) / Median(() => PushDocument.Read(distinct.RootElement));

        Assert.True(ratio < 10, $"a body of repeated names took {ratio:0.0}x as long as one of distinct names");
    }

    private static double Median(Action read)
    {
        read();
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var started = Stopwatch.GetTimestamp();
            read();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
