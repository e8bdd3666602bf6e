// @tollgate/packages: reseller packages (seed 003) — a service plan with a `package` section priced
// over a base ratedeck. The pricing rules, the checks of a package, the packages REST facade
// (`Packages`, over @tollgate/services, the writer of service plans) and each package's derived
// ratedeck kept current from its base deck (`PackageDecks`, written through @tollgate/ratedecks).
export { loadPackagesSettings, PACKAGES_CONFIG, type PackagesSettings } from './config';
export { deriveRate, PRICE_DECIMALS, type PackagePricing, type PriceRule, pricingOf, sellPrice } from './domain/package-pricing';
export { packageProblems } from './domain/package-problems';
export { isKnownCountry } from '@tollgate/schemas';
export { Packages, type PackagesDeps, type StoredPackage } from './store/packages';
export { DerivedDeckFollower, PACKAGE_MARKER, packageDecksDerivedFrom } from './deck/derived-deck';
export { PackageDecks, type PackageDecksDeps } from './deck/package-decks';
