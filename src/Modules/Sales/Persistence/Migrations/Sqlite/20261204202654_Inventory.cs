using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Inventory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_product_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "seat",
                table: "sales_tickets");

            migrationBuilder.AddColumn<long>(
                name: "addon_to_id",
                table: "sales_tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "seat_id",
                table: "sales_tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sub_event_id",
                table: "sales_tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "variation_id",
                table: "sales_tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "active",
                table: "sales_products",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "category_id",
                table: "sales_products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "has_subevents",
                table: "sales_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "sales_product_categories",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    is_addon = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_product_categories", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_product_categories_sales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "sales_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_product_variations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    default_price = table.Column<double>(type: "REAL", nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_product_variations", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_product_variations_sales_products_product_id",
                        column: x => x.product_id,
                        principalTable: "sales_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_seats",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    seat_guid = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    row = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    zone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_seats", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_seats_sales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "sales_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_seats_sales_products_product_id",
                        column: x => x.product_id,
                        principalTable: "sales_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_subevents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    date_from = table.Column<long>(type: "INTEGER", nullable: false),
                    date_to = table.Column<long>(type: "INTEGER", nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_subevents", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_subevents_sales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "sales_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_product_addons",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    addon_category_id = table.Column<long>(type: "INTEGER", nullable: false),
                    min_count = table.Column<int>(type: "INTEGER", nullable: false),
                    max_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_product_addons", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_product_addons_product_categories_addon_category_id",
                        column: x => x.addon_category_id,
                        principalTable: "sales_product_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_product_addons_sales_products_product_id",
                        column: x => x.product_id,
                        principalTable: "sales_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_quotas",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sub_event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    size = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_quotas", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_quotas_sales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "sales_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_quotas_subevents_sub_event_id",
                        column: x => x.sub_event_id,
                        principalTable: "sales_subevents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_quota_products",
                columns: table => new
                {
                    quota_id = table.Column<long>(type: "INTEGER", nullable: false),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_quota_products", x => new { x.quota_id, x.product_id });
                    table.ForeignKey(
                        name: "fk_sales_quota_products_sales_products_product_id",
                        column: x => x.product_id,
                        principalTable: "sales_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_quota_products_sales_quotas_quota_id",
                        column: x => x.quota_id,
                        principalTable: "sales_quotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_quota_variations",
                columns: table => new
                {
                    quota_id = table.Column<long>(type: "INTEGER", nullable: false),
                    variation_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_quota_variations", x => new { x.quota_id, x.variation_id });
                    table.ForeignKey(
                        name: "fk_sales_quota_variations_sales_product_variations_variation_id",
                        column: x => x.variation_id,
                        principalTable: "sales_product_variations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_quota_variations_sales_quotas_quota_id",
                        column: x => x.quota_id,
                        principalTable: "sales_quotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_addon_to_id",
                table: "sales_tickets",
                column: "addon_to_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_product_id_sub_event_id",
                table: "sales_tickets",
                columns: new[] { "product_id", "sub_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_seat_id_sub_event_id",
                table: "sales_tickets",
                columns: new[] { "seat_id", "sub_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_sub_event_id",
                table: "sales_tickets",
                column: "sub_event_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_variation_id",
                table: "sales_tickets",
                column: "variation_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_products_category_id",
                table: "sales_products",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_product_addons_addon_category_id",
                table: "sales_product_addons",
                column: "addon_category_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_product_addons_product_id_addon_category_id",
                table: "sales_product_addons",
                columns: new[] { "product_id", "addon_category_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_product_categories_event_id",
                table: "sales_product_categories",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_product_variations_product_id",
                table: "sales_product_variations",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_quota_products_product_id",
                table: "sales_quota_products",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_quota_variations_variation_id",
                table: "sales_quota_variations",
                column: "variation_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_quotas_event_id_sub_event_id",
                table: "sales_quotas",
                columns: new[] { "event_id", "sub_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_quotas_sub_event_id",
                table: "sales_quotas",
                column: "sub_event_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_seats_event_id_seat_guid",
                table: "sales_seats",
                columns: new[] { "event_id", "seat_guid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_seats_product_id",
                table: "sales_seats",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_subevents_event_id_date_from",
                table: "sales_subevents",
                columns: new[] { "event_id", "date_from" });

            migrationBuilder.AddForeignKey(
                name: "fk_sales_products_product_categories_category_id",
                table: "sales_products",
                column: "category_id",
                principalTable: "sales_product_categories",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_sales_tickets_sales_product_variations_variation_id",
                table: "sales_tickets",
                column: "variation_id",
                principalTable: "sales_product_variations",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_sales_tickets_sales_seats_seat_id",
                table: "sales_tickets",
                column: "seat_id",
                principalTable: "sales_seats",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_sales_tickets_sales_subevents_sub_event_id",
                table: "sales_tickets",
                column: "sub_event_id",
                principalTable: "sales_subevents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_sales_tickets_sales_tickets_addon_to_id",
                table: "sales_tickets",
                column: "addon_to_id",
                principalTable: "sales_tickets",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_sales_products_product_categories_category_id",
                table: "sales_products");

            migrationBuilder.DropForeignKey(
                name: "fk_sales_tickets_sales_product_variations_variation_id",
                table: "sales_tickets");

            migrationBuilder.DropForeignKey(
                name: "fk_sales_tickets_sales_seats_seat_id",
                table: "sales_tickets");

            migrationBuilder.DropForeignKey(
                name: "fk_sales_tickets_sales_subevents_sub_event_id",
                table: "sales_tickets");

            migrationBuilder.DropForeignKey(
                name: "fk_sales_tickets_sales_tickets_addon_to_id",
                table: "sales_tickets");

            migrationBuilder.DropTable(
                name: "sales_product_addons");

            migrationBuilder.DropTable(
                name: "sales_quota_products");

            migrationBuilder.DropTable(
                name: "sales_quota_variations");

            migrationBuilder.DropTable(
                name: "sales_seats");

            migrationBuilder.DropTable(
                name: "sales_product_categories");

            migrationBuilder.DropTable(
                name: "sales_product_variations");

            migrationBuilder.DropTable(
                name: "sales_quotas");

            migrationBuilder.DropTable(
                name: "sales_subevents");

            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_addon_to_id",
                table: "sales_tickets");

            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_product_id_sub_event_id",
                table: "sales_tickets");

            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_seat_id_sub_event_id",
                table: "sales_tickets");

            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_sub_event_id",
                table: "sales_tickets");

            migrationBuilder.DropIndex(
                name: "ix_sales_tickets_variation_id",
                table: "sales_tickets");

            migrationBuilder.DropIndex(
                name: "ix_sales_products_category_id",
                table: "sales_products");

            migrationBuilder.DropColumn(
                name: "addon_to_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "seat_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "sub_event_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "variation_id",
                table: "sales_tickets");

            migrationBuilder.DropColumn(
                name: "active",
                table: "sales_products");

            migrationBuilder.DropColumn(
                name: "category_id",
                table: "sales_products");

            migrationBuilder.DropColumn(
                name: "has_subevents",
                table: "sales_events");

            migrationBuilder.AddColumn<string>(
                name: "seat",
                table: "sales_tickets",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_product_id",
                table: "sales_tickets",
                column: "product_id");
        }
    }
}
