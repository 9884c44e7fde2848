using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Content).HasMaxLength(Evidence.ContentMaxLength);
        builder.Property(e => e.Source).HasMaxLength(Evidence.SourceMaxLength);
        builder.Property(e => e.RecordedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(e => e.Proximity).HasConversion<string>().HasMaxLength(16);
        // No foreign key to Customers: adding one to an existing table makes SQLite rebuild it outside a transaction.
        // Customers are archived, never deleted, and the domain checks a customer is of the card's board.
        builder.HasIndex(e => new { e.CardId, e.RecordedAt });
        builder.HasIndex(e => new { e.CustomerId, e.CardId });
    }
}
