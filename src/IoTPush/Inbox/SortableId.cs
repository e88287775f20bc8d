using System.Security.Cryptography;

namespace IoTPush.Inbox;

/// <summary>
/// UUIDv7 ids (RFC 9562) that sort by time as text. Within one process they are strictly increasing:
/// the 12 bits after the millisecond time stamp count up within a millisecond (the RFC's method 1),
/// which <see cref="Guid.CreateVersion7()"/> does not guarantee. Ordering by id is ordering by receipt.
/// </summary>
public static class SortableId
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static string Next(DateTimeOffset now)
    {
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = Math.Max(now.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds && ++_counter > 0xFFF)
            {
                milliseconds++; // the counter ran out: borrow the next millisecond
                _counter = 0;
            }
            else if (milliseconds != _lastMilliseconds)
            {
                _counter = 0;
            }

            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
