using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(UserLimits.IdMaxLength).ValueGeneratedNever();
        builder.Property(u => u.Name).HasMaxLength(UserLimits.NameMaxLength);
    }
}
