namespace EventOps.Host.Auth;

internal static class StaffRoles
{
    public const string Admin = "Admin";
    public const string BoxOffice = "BoxOffice";
    public const string AdminPolicy = "staff:admin";
    public const string StaffPolicy = "staff:any";
}
