/**
 * A rule repository seen as a detection catalog: each analysis file's metadata, logic and
 * ATT&amp;CK mappings ({@link dev.margay.catalog.CatalogEntry}), what rules share (indicators,
 * actions, exclusions: {@link dev.margay.catalog.Catalog}), the ATT&amp;CK coverage matrix and its
 * Navigator layer ({@link dev.margay.catalog.Coverage}) and a static HTML site ({@link
 * dev.margay.catalog.CatalogSite}). Depends on {@code loader}, {@code lint} (the ATT&amp;CK table)
 * and {@code testing}; only {@code cli} uses it.
 */
package dev.margay.catalog;
