using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KanbanCustomer.Api.Common.Reads;

/// <summary>
/// The response's <c>data</c>, already JSON: written as it is. Held in chunks of 4, 8, then <see cref="ChunkSize"/> bytes,
/// so a small answer wastes little and a large one (all boards: about 115 KB) never lands on the large object heap,
/// whose collections are full ones.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class SerializedData
{
    /// <summary>Well below the 85,000 bytes from which an array is a large object.</summary>
    public const int ChunkSize = 16 * 1024;

    private const int FirstChunk = 4 * 1024;

    private SerializedData(ReadOnlySequence<byte> json) => Json = json;

    public ReadOnlySequence<byte> Json { get; }

    /// <summary>Writes the JSON <paramref name="write"/> produces into chunks.</summary>
    public static SerializedData Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var chunks = new Chunks();
        using (var writer = new Utf8JsonWriter(chunks, options))
            write(writer);
        return new SerializedData(chunks.Written());
    }

    private sealed class Converter : JsonConverter<SerializedData>
    {
        public override SerializedData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Serialized data is written, never read.");

        public override void Write(Utf8JsonWriter writer, SerializedData value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json, skipInputValidation: true);
    }

    /// <summary>A buffer writer that adds a chunk when the last one is full, and hands its chunks out as one sequence.</summary>
    private sealed class Chunks : IBufferWriter<byte>
    {
        private Segment? _first;
        private Segment? _last;
        private byte[] _current = [];
        private int _used;

        public void Advance(int count) => _used += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _current.AsMemory(_used);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _current.AsSpan(_used);
        }

        public ReadOnlySequence<byte> Written()
        {
            Close();
            return _first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_first, 0, _last!, _last!.Memory.Length);
        }

        private void Ensure(int sizeHint)
        {
            if (_current.Length - _used >= Math.Max(sizeHint, 1))
                return;
            var next = Math.Min(ChunkSize, Math.Max(FirstChunk, _current.Length * 2));
            Close();
            _current = new byte[Math.Max(sizeHint, next)];
            _used = 0;
        }

        /// <summary>The current chunk, as far as it is written, becomes the sequence's last segment.</summary>
        private void Close()
        {
            if (_used == 0)
                return;
            var segment = new Segment(_current.AsMemory(0, _used), _last?.RunningIndex + _last?.Memory.Length ?? 0);
            if (_last is null)
                _first = segment;
            else
                _last.Next = segment;
            _last = segment;
            _current = [];
            _used = 0;
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}
