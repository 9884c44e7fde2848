using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Url).HasMaxLength(Webhook.UrlMaxLength);
        builder.Property(w => w.Secret).HasMaxLength(Webhook.SecretMaxLength);
        builder.Property(w => w.CreatedBy).HasMaxLength(Domain.Common.UserLimits.IdMaxLength);
        builder.Property(w => w.EventTypes);
        builder.Property(w => w.DisabledReason).HasMaxLength(Webhook.DisabledReasonMaxLength);
        builder.Ignore(w => w.Changes);
        builder.HasOne<Board>().WithMany().HasForeignKey(w => w.BoardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.Property(d => d.EventType).HasMaxLength(BoardEvent.TypeMaxLength);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.BoardId, d.CreatedAt });
        // The sweep that re-queues deliveries a restart left behind.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // A webhook's event deliveries in event order: the oldest still pending goes first.
        builder.HasIndex(d => new { d.WebhookId, d.Status, d.EventSeq });
    }
}
