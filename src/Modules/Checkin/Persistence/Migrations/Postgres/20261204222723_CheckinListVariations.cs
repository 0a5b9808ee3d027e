using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CheckinListVariations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<long>>(
                name: "limit_variation_products",
                schema: "checkin",
                table: "checkin_lists",
                type: "bigint[]",
                nullable: false);

            migrationBuilder.AddColumn<List<long>>(
                name: "limit_variations",
                schema: "checkin",
                table: "checkin_lists",
                type: "bigint[]",
                nullable: false);
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
