namespace KanbanCustomer.Domain.Common;

/// <summary>Whose problem it is: a paying customer outside, or an employee inside.</summary>
public enum CustomerKind
{
    External = 0,
    Internal = 1,
}
