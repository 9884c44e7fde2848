using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>
/// Version 7 GUIDs that increase in the order they are taken: this import's time, a random run prefix, then a counter.
/// Import gives rows their ids in file order, so a board exported again lists them in the same order (the export
/// reads in key order).
/// </summary>
internal sealed class OrderedIds(DateTimeOffset now)
{
    private readonly long _millis = now.ToUnixTimeMilliseconds();
    private readonly ushort _prefix = (ushort)(RandomNumberGenerator.GetInt32(0x1000));
    private readonly uint _run = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private ulong _counter;

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        // 48 bits of Unix milliseconds, version 7 with 12 run bits, variant 10 with 62 bits: 30 of the run, 32 of the counter.
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], _millis << 16);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..8], (ushort)(0x7000 | _prefix));
        var low = ((ulong)(_run & 0x3FFF_FFFF) << 32) | ++_counter;
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | low);
        return new Guid(bytes, bigEndian: true);
    }
}
