using IoTPush.Dispatch;
using Xunit;

namespace IoTPush.Tests.Rules;

public sealed class BackoffTests
{
    private static readonly DispatchOptions Options = new() { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    public void BackoffAfter_DoublesFromInitialUpToMax_LessARandomHalfAtMost(int attempt, int ceilingSeconds)
    {
        var random = new Random(attempt);

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(Options.BackoffAfter(attempt, random), TimeSpan.FromSeconds(ceilingSeconds / 2.0), TimeSpan.FromSeconds(ceilingSeconds));
        }
    }

    [Fact]
    public void BackoffAfter_SpreadsPushesThatFailedTogether()
    {
        var waits = Enumerable.Range(0, 100).Select(_ => Options.BackoffAfter(5)).ToList();

        Assert.True(waits.Distinct().Count() > 90, "pushes that failed together must not all come back in the same instant");
        Assert.True(waits.Max() - waits.Min() > TimeSpan.FromSeconds(4), $"spread only {waits.Max() - waits.Min()}");
    }
}
