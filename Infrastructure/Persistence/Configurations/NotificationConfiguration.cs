using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedOnAdd();
        builder.Property(n => n.UserId).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(n => n.ActorId).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(n => n.ActorName).HasMaxLength(UserLimits.NameMaxLength);
        builder.Property(n => n.CardTitle).HasMaxLength(Notification.CardTitleMaxLength);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(24);
        // A new table may point at boards: a board's notifications go with it.
        builder.HasOne<Board>().WithMany().HasForeignKey(n => n.BoardId).OnDelete(DeleteBehavior.Cascade);
        // One per person per event, whatever runs the fan-out twice.
        builder.HasIndex(n => new { n.UserId, n.BoardId, n.EventSeq }).IsUnique();
        // A person's inbox, newest first, and its unread part.
        builder.HasIndex(n => new { n.UserId, n.Id });
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.Id });
    }
}

internal sealed class NotificationCursorConfiguration : IEntityTypeConfiguration<NotificationCursor>
{
    public void Configure(EntityTypeBuilder<NotificationCursor> builder)
    {
        builder.HasKey(c => c.BoardId);
        builder.Property(c => c.BoardId).ValueGeneratedNever();
        builder.HasOne<Board>().WithMany().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
    }
}
