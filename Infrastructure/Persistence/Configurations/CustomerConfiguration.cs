using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Customer.NameMaxLength);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ExternalRef).HasMaxLength(Customer.ExternalRefMaxLength);
        builder.Property(c => c.Notes).HasMaxLength(Customer.NotesMaxLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Changes);

        builder.HasOne<Board>().WithMany().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to the segment's swimlane: removing a lane must not touch the directory (a lane that is gone reads as no segment).

        // One customer per external reference on a board (several NULLs allowed on every provider).
        builder.HasIndex(c => new { c.BoardId, c.ExternalRef }).IsUnique();
        // The directory in name order.
        builder.HasIndex(c => new { c.BoardId, c.Name, c.Id });
    }
}
