using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Flow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CardTimelineConfiguration : IEntityTypeConfiguration<CardTimeline>
{
    public void Configure(EntityTypeBuilder<CardTimeline> builder)
    {
        builder.HasKey(t => t.CardId);
        // A new table may point at the cards: a card's timeline goes with it (and with its board).
        builder.HasOne<Card>().WithOne().HasForeignKey<CardTimeline>(t => t.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.CustomerKind).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(t => t.Place);
        // The cards of a board that stepped since a time; and those standing in given columns (in flight).
        builder.HasIndex(t => new { t.BoardId, t.LastStepAt });
        builder.HasIndex(t => new { t.ColumnId, t.IsArchived });
    }
}
