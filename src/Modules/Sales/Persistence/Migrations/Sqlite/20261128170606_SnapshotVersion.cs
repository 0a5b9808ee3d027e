using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SnapshotVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_event_id",
                table: "sales_tickets");

            migrationBuilder.AddColumn<long>(
                name: "revision",
                table: "sales_sales",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_event_id_id",
                table: "sales_tickets",
                columns: new[] { "event_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_event_id_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "revision",
                table: "sales_sales");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_event_id",
                table: "sales_tickets",
                column: "event_id");
        }
    }
}
