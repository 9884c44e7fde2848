using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CardWatchConfiguration : IEntityTypeConfiguration<CardWatch>
{
    public void Configure(EntityTypeBuilder<CardWatch> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedOnAdd();
        builder.Property(w => w.UserId).HasMaxLength(UserLimits.IdMaxLength);
        // A new table may point at the cards: a card's watches go with it (and with its board).
        builder.HasOne<Card>().WithMany().HasForeignKey(w => w.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.CardId, w.UserId }).IsUnique();
        // A person's watches on a board: removed with their membership.
        builder.HasIndex(w => new { w.BoardId, w.UserId });
    }
}
