using System.Buffers.Binary;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Flow;

/// <summary>One step of a card's flow as the measures read it: a <see cref="CardTransition"/> without its row.</summary>
public readonly record struct FlowStep(long EventSeq, DateTimeOffset At, Guid? ColumnId, Guid SwimlaneId, CustomerKind CustomerKind, bool IsBlocked)
{
    public static FlowStep Of(CardTransition step) =>
        new(step.EventSeq, step.At, step.ColumnId, step.SwimlaneId, step.CustomerKind, step.IsBlocked);
}

/// <summary>
/// One card's whole flow history in one row: its steps packed in event order (the same steps as its
/// <see cref="CardTransition"/> rows, written with them), when the last one was, and where the card stands now (every
/// change of place is a step). The measures read one short row per card that moved instead of the card and one row per
/// step. Each step takes <see cref="StepSize"/> bytes: flags (column known, blocked), customer kind, event number, UTC
/// ticks, column, swimlane.
/// </summary>
public sealed class CardTimeline
{
    public const int StepSize = 2 + 8 + 8 + 16 + 16;

    private CardTimeline() { }

    public CardTimeline(Guid boardId, Guid cardId, CardPlace place, IEnumerable<FlowStep> steps)
    {
        BoardId = boardId;
        CardId = cardId;
        var ordered = steps.OrderBy(s => s.EventSeq).ToList();
        Steps = Pack(ordered);
        Stand(place, ordered);
    }

    public Guid CardId { get; private set; }

    public Guid BoardId { get; private set; }

    public Guid SwimlaneId { get; private set; }

    public CustomerKind CustomerKind { get; private set; }

    public Guid ColumnId { get; private set; }

    public bool IsArchived { get; private set; }

    /// <summary>When the card last stepped: it stood still since.</summary>
    public DateTimeOffset LastStepAt { get; private set; }

    public byte[] Steps { get; private set; } = [];

    public CardPlace Place => new(SwimlaneId, CustomerKind, ColumnId, IsArchived);

    /// <summary>Adds steps after the ones there (a card's steps are numbered in the order its board lives them).</summary>
    public void Append(CardPlace place, IReadOnlyList<FlowStep> steps)
    {
        Steps = [.. Steps, .. Pack(steps)];
        Stand(place, steps);
    }

    private void Stand(CardPlace place, IReadOnlyList<FlowStep> steps)
    {
        (SwimlaneId, CustomerKind, ColumnId, IsArchived) = place;
        foreach (var step in steps)
            LastStepAt = step.At > LastStepAt ? step.At : LastStepAt;
    }

    /// <summary>Unpacks into <paramref name="steps"/> (at least one place per step), so a reader of many timelines reuses one buffer.</summary>
    public static ReadOnlySpan<FlowStep> Read(ReadOnlySpan<byte> packed, Span<FlowStep> steps)
    {
        var count = packed.Length / StepSize;
        for (var i = 0; i < count; i++)
        {
            var bytes = packed.Slice(i * StepSize, StepSize);
            var flags = bytes[0];
            var column = (flags & 1) != 0 ? new Guid(bytes.Slice(18, 16)) : (Guid?)null;
            steps[i] = new FlowStep(BinaryPrimitives.ReadInt64LittleEndian(bytes[2..]),
                new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes[10..]), TimeSpan.Zero),
                column, new Guid(bytes.Slice(34, 16)), (CustomerKind)bytes[1], (flags & 2) != 0);
        }

        return steps[..count];
    }

    private static byte[] Pack(IReadOnlyList<FlowStep> steps)
    {
        var packed = new byte[steps.Count * StepSize];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var bytes = packed.AsSpan(i * StepSize, StepSize);
            bytes[0] = (byte)((step.ColumnId is null ? 0 : 1) | (step.IsBlocked ? 2 : 0));
            bytes[1] = (byte)step.CustomerKind;
            BinaryPrimitives.WriteInt64LittleEndian(bytes[2..], step.EventSeq);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[10..], step.At.UtcTicks);
            step.ColumnId.GetValueOrDefault().TryWriteBytes(bytes.Slice(18, 16));
            step.SwimlaneId.TryWriteBytes(bytes.Slice(34, 16));
        }

        return packed;
    }
}
