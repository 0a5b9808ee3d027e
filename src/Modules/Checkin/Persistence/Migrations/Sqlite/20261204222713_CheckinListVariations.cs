using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckinListVariations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "limit_variation_products",
                table: "checkin_checkin_lists",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "limit_variations",
                table: "checkin_checkin_lists",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "limit_variation_products",
                table: "checkin_checkin_lists");

            migrationBuilder.DropColumn(
                name: "limit_variations",
                table: "checkin_checkin_lists");
        }
    }
}
