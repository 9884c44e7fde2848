using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class BoardMemberConfiguration : IEntityTypeConfiguration<BoardMember>
{
    public void Configure(EntityTypeBuilder<BoardMember> builder)
    {
        builder.HasKey(m => new { m.BoardId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(m => m.AddedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        // "Which boards may this user see": the lookup behind every request.
        builder.HasIndex(m => m.UserId);
    }
}
