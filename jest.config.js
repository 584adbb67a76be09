/** jest with the swc transform: transpile only, type checking is `npm run typecheck`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }],
    // jose 6 ships ESM only, which jest's CommonJS runtime cannot require on Node < 24.9: transpile it too.
    "^.+/node_modules/jose/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
};
