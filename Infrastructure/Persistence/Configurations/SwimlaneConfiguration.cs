using KanbanCustomer.Domain.Boards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class SwimlaneConfiguration : IEntityTypeConfiguration<Swimlane>
{
    public void Configure(EntityTypeBuilder<Swimlane> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(Swimlane.NameMaxLength);
        builder.Property(s => s.CustomerKind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => new { s.BoardId, s.Position });
    }
}
