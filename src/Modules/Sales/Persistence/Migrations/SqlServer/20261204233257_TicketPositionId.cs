using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TicketPositionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_sale_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.AddColumn<int>(
                name: "position_id",
                schema: "sales",
                table: "tickets",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Existing tickets get the number they were shown until now: their place in id order within their sale.
            // EXEC: an idempotent script compiles every batch, also where this migration is already applied.
            migrationBuilder.Sql("""
                EXEC(N'WITH n AS (SELECT position_id, row_number() OVER (PARTITION BY sale_id ORDER BY id) AS number FROM sales.tickets)
                UPDATE n SET position_id = number;');
                """);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_sale_id_position_id",
                schema: "sales",
                table: "tickets",
                columns: new[] { "sale_id", "position_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_sale_id_position_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "position_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_sale_id",
                schema: "sales",
                table: "tickets",
                column: "sale_id");
        }
    }
}
