using KanbanCustomer.Domain.Boards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class ColumnConfiguration : IEntityTypeConfiguration<Column>
{
    public void Configure(EntityTypeBuilder<Column> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Column.NameMaxLength);
        // Ticks, because SQL Server's time type stops at 24 hours.
        builder.Property(c => c.StaleAfter).HasConversion<long?>().HasColumnName("StaleAfterTicks");
        builder.Property(c => c.StaleBasis).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => new { c.BoardId, c.Position });
    }
}
