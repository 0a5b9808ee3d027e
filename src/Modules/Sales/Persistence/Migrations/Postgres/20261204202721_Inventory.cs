using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Inventory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_product_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "seat",
                schema: "sales",
                table: "tickets");

            migrationBuilder.AddColumn<long>(
                name: "addon_to_id",
                schema: "sales",
                table: "tickets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "seat_id",
                schema: "sales",
                table: "tickets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sub_event_id",
                schema: "sales",
                table: "tickets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "variation_id",
                schema: "sales",
                table: "tickets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "active",
                schema: "sales",
                table: "products",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "category_id",
                schema: "sales",
                table: "products",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "has_subevents",
                schema: "sales",
                table: "events",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "product_categories",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    is_addon = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_categories", x => x.id);
                    table.ForeignKey(
                        name: "fk_product_categories_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "sales",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "product_variations",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    default_price = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_variations", x => x.id);
                    table.ForeignKey(
                        name: "fk_product_variations_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "sales",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "seats",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    seat_guid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    row = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seats", x => x.id);
                    table.ForeignKey(
                        name: "fk_seats_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "sales",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_seats_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "sales",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "subevents",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    date_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    date_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subevents", x => x.id);
                    table.ForeignKey(
                        name: "fk_subevents_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "sales",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "product_addons",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    addon_category_id = table.Column<long>(type: "bigint", nullable: false),
                    min_count = table.Column<int>(type: "integer", nullable: false),
                    max_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_addons", x => x.id);
                    table.ForeignKey(
                        name: "fk_product_addons_product_categories_addon_category_id",
                        column: x => x.addon_category_id,
                        principalSchema: "sales",
                        principalTable: "product_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_product_addons_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "sales",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quotas",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    sub_event_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quotas", x => x.id);
                    table.ForeignKey(
                        name: "fk_quotas_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "sales",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_quotas_subevents_sub_event_id",
                        column: x => x.sub_event_id,
                        principalSchema: "sales",
                        principalTable: "subevents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "quota_products",
                schema: "sales",
                columns: table => new
                {
                    quota_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_products", x => new { x.quota_id, x.product_id });
                    table.ForeignKey(
                        name: "fk_quota_products_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "sales",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_quota_products_quotas_quota_id",
                        column: x => x.quota_id,
                        principalSchema: "sales",
                        principalTable: "quotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quota_variations",
                schema: "sales",
                columns: table => new
                {
                    quota_id = table.Column<long>(type: "bigint", nullable: false),
                    variation_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_variations", x => new { x.quota_id, x.variation_id });
                    table.ForeignKey(
                        name: "fk_quota_variations_product_variations_variation_id",
                        column: x => x.variation_id,
                        principalSchema: "sales",
                        principalTable: "product_variations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_quota_variations_quotas_quota_id",
                        column: x => x.quota_id,
                        principalSchema: "sales",
                        principalTable: "quotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_addon_to_id",
                schema: "sales",
                table: "tickets",
                column: "addon_to_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_product_id_sub_event_id",
                schema: "sales",
                table: "tickets",
                columns: new[] { "product_id", "sub_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_seat_id_sub_event_id",
                schema: "sales",
                table: "tickets",
                columns: new[] { "seat_id", "sub_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_sub_event_id",
                schema: "sales",
                table: "tickets",
                column: "sub_event_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_variation_id",
                schema: "sales",
                table: "tickets",
                column: "variation_id");

            migrationBuilder.CreateIndex(
                name: "ix_products_category_id",
                schema: "sales",
                table: "products",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_addons_addon_category_id",
                schema: "sales",
                table: "product_addons",
                column: "addon_category_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_addons_product_id_addon_category_id",
                schema: "sales",
                table: "product_addons",
                columns: new[] { "product_id", "addon_category_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_product_categories_event_id",
                schema: "sales",
                table: "product_categories",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_variations_product_id",
                schema: "sales",
                table: "product_variations",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_quota_products_product_id",
                schema: "sales",
                table: "quota_products",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_quota_variations_variation_id",
                schema: "sales",
                table: "quota_variations",
                column: "variation_id");

            migrationBuilder.CreateIndex(
                name: "ix_quotas_event_id_sub_event_id",
                schema: "sales",
                table: "quotas",
                columns: new[] { "event_id", "sub_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_quotas_sub_event_id",
                schema: "sales",
                table: "quotas",
                column: "sub_event_id");

            migrationBuilder.CreateIndex(
                name: "ix_seats_event_id_seat_guid",
                schema: "sales",
                table: "seats",
                columns: new[] { "event_id", "seat_guid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_seats_product_id",
                schema: "sales",
                table: "seats",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_subevents_event_id_date_from",
                schema: "sales",
                table: "subevents",
                columns: new[] { "event_id", "date_from" });

            migrationBuilder.AddForeignKey(
                name: "fk_products_product_categories_category_id",
                schema: "sales",
                table: "products",
                column: "category_id",
                principalSchema: "sales",
                principalTable: "product_categories",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_tickets_product_variations_variation_id",
                schema: "sales",
                table: "tickets",
                column: "variation_id",
                principalSchema: "sales",
                principalTable: "product_variations",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_tickets_seats_seat_id",
                schema: "sales",
                table: "tickets",
                column: "seat_id",
                principalSchema: "sales",
                principalTable: "seats",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_tickets_subevents_sub_event_id",
                schema: "sales",
                table: "tickets",
                column: "sub_event_id",
                principalSchema: "sales",
                principalTable: "subevents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_tickets_tickets_addon_to_id",
                schema: "sales",
                table: "tickets",
                column: "addon_to_id",
                principalSchema: "sales",
                principalTable: "tickets",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_products_product_categories_category_id",
                schema: "sales",
                table: "products");

            migrationBuilder.DropForeignKey(
                name: "fk_tickets_product_variations_variation_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropForeignKey(
                name: "fk_tickets_seats_seat_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropForeignKey(
                name: "fk_tickets_subevents_sub_event_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropForeignKey(
                name: "fk_tickets_tickets_addon_to_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropTable(
                name: "product_addons",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "quota_products",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "quota_variations",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "seats",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "product_categories",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "product_variations",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "quotas",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "subevents",
                schema: "sales");

            migrationBuilder.DropIndex(
                name: "ix_tickets_addon_to_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_product_id_sub_event_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_seat_id_sub_event_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_sub_event_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_variation_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_products_category_id",
                schema: "sales",
                table: "products");

            migrationBuilder.DropColumn(
                name: "addon_to_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "seat_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "sub_event_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "variation_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "active",
                schema: "sales",
                table: "products");

            migrationBuilder.DropColumn(
                name: "category_id",
                schema: "sales",
                table: "products");

            migrationBuilder.DropColumn(
                name: "has_subevents",
                schema: "sales",
                table: "events");

            migrationBuilder.AddColumn<string>(
                name: "seat",
                schema: "sales",
                table: "tickets",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_product_id",
                schema: "sales",
                table: "tickets",
                column: "product_id");
        }
    }
}
