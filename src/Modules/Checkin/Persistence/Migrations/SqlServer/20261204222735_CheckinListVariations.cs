using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CheckinListVariations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "limit_variation_products",
                schema: "checkin",
                table: "checkin_lists",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "limit_variations",
                schema: "checkin",
                table: "checkin_lists",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "limit_variation_products",
                schema: "checkin",
                table: "checkin_lists");

            migrationBuilder.DropColumn(
                name: "limit_variations",
                schema: "checkin",
                table: "checkin_lists");
        }
    }
}
