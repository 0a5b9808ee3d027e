using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketPositionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_sale_id",
                table: "sales_tickets");

            migrationBuilder.AddColumn<int>(
                name: "position_id",
                table: "sales_tickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing tickets get the number they were shown until now: their place in id order within their sale
            // (window functions: SQLite 3.25; UPDATE … FROM: 3.33; the bundled e_sqlite3 is newer).
            migrationBuilder.Sql("""
                UPDATE sales_tickets SET position_id = n.number
                FROM (SELECT id, row_number() OVER (PARTITION BY sale_id ORDER BY id) AS number FROM sales_tickets) AS n
                WHERE sales_tickets.id = n.id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_sale_id_position_id",
                table: "sales_tickets",
                columns: new[] { "sale_id", "position_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_sale_id_position_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "position_id",
                table: "sales_tickets");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_sale_id",
                table: "sales_tickets",
                column: "sale_id");
        }
    }
}
