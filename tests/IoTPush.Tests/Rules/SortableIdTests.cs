using IoTPush.Inbox;
using Xunit;

namespace IoTPush.Tests.Rules;

public sealed class SortableIdTests
{
    [Fact]
    public void Next_WithinOneMillisecond_IsStrictlyIncreasingAsText()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 10_000).Select(_ => SortableId.Next(now)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Next_IsAVersion7Uuid()
    {
        var id = Guid.Parse(SortableId.Next(DateTimeOffset.UtcNow));

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
    }

    [Fact]
    public void Next_ForALaterTime_SortsAfter()
    {
        var now = DateTimeOffset.UtcNow.AddYears(1);
        var earlier = SortableId.Next(now);
        var later = SortableId.Next(now.AddMilliseconds(5));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
