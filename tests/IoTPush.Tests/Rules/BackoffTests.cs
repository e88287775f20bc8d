using IoTPush.Dispatch;
using Xunit;

namespace IoTPush.Tests.Rules;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    public void BackoffAfter_DoublesFromInitialUpToMax(int attempt, int expectedSeconds)
    {
        var options = new DispatchOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(5) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.BackoffAfter(attempt));
    }
}
