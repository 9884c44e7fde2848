using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Flow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CardTransitionConfiguration : IEntityTypeConfiguration<CardTransition>
{
    public void Configure(EntityTypeBuilder<CardTransition> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedOnAdd();
        builder.Property(t => t.CustomerKind).HasConversion<string>().HasMaxLength(16);
        // A new table, so a foreign key is allowed; none to the card or column: the board's delete cascades, history stays.
        builder.HasOne<Board>().WithMany().HasForeignKey(t => t.BoardId).OnDelete(DeleteBehavior.Cascade);
        // A board's window: its steps up to a time, in order.
        builder.HasIndex(t => new { t.BoardId, t.At });
        // One step per event: the backfill and the write path cannot both write it.
        builder.HasIndex(t => new { t.BoardId, t.EventSeq, t.CardId }).IsUnique();
        builder.HasIndex(t => t.CardId);
    }
}
