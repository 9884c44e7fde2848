using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class BoardConfiguration : IEntityTypeConfiguration<Board>
{
    public void Configure(EntityTypeBuilder<Board> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(Board.NameMaxLength);
        builder.Property(b => b.CreatedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Ignore(b => b.Changes);
        builder.Property(b => b.DefaultStaleAfter).HasConversion<long?>().HasColumnName("DefaultStaleAfterTicks");

        builder.HasMany(b => b.Columns).WithOne().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Columns).HasField("_columns").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(b => b.Swimlanes).WithOne().HasForeignKey(s => s.BoardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Swimlanes).HasField("_swimlanes").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(b => b.Members).WithOne().HasForeignKey(m => m.BoardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Members).HasField("_members").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
