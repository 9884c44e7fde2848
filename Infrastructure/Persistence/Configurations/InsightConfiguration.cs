using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Domain.Insights;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class InsightConfiguration : IEntityTypeConfiguration<Insight>
{
    public void Configure(EntityTypeBuilder<Insight> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Text).HasMaxLength(Insight.TextMaxLength);
        builder.Property(i => i.Proximity).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Origin).HasMaxLength(Insight.OriginMaxLength);
        builder.Property(i => i.SubmittedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.DismissReason).HasMaxLength(Insight.ReasonMaxLength);
        builder.Property(i => i.TriagedBy).HasMaxLength(UserLimits.IdMaxLength);
        // Triage happens once: two members triaging at the same moment, the second save finds the status changed.
        builder.Property(i => i.Status).IsConcurrencyToken();
        builder.Ignore(i => i.Changes);

        builder.HasOne<Board>().WithMany().HasForeignKey(i => i.BoardId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.NoAction);

        // The inbox by status, newest first, and its count of new ones: one index range.
        builder.HasIndex(i => new { i.BoardId, i.Status, i.SubmittedAt, i.Id });
        // What became of mine.
        builder.HasIndex(i => new { i.BoardId, i.SubmittedBy, i.SubmittedAt });
    }
}
