using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class BoardEventConfiguration : IEntityTypeConfiguration<BoardEvent>
{
    public void Configure(EntityTypeBuilder<BoardEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Type).HasMaxLength(BoardEvent.TypeMaxLength);
        builder.Property(e => e.ActorId).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(e => e.ActorName).HasMaxLength(UserLimits.NameMaxLength);
        builder.HasOne<Board>().WithMany().HasForeignKey(e => e.BoardId).OnDelete(DeleteBehavior.Cascade);
        // The per-board sequence is gapless and unique: the replay cursor for subscribers.
        builder.HasIndex(e => new { e.BoardId, e.Seq }).IsUnique();
        builder.HasIndex(e => new { e.CardId, e.Seq });
        builder.HasIndex(e => e.PublishedAt);
    }
}
