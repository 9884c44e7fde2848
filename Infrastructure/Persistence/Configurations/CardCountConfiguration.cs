using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Flow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CardCountConfiguration : IEntityTypeConfiguration<CardCount>
{
    public void Configure(EntityTypeBuilder<CardCount> builder)
    {
        builder.HasKey(c => new { c.BoardId, c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived });
        builder.Property(c => c.CustomerKind).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(c => c.Place);
        // A new table, so a foreign key is allowed: the board's delete takes its counts.
        builder.HasOne<Board>().WithMany().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
    }
}
