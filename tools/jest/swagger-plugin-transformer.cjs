// ts-jest AST transformer running the @nestjs/swagger plugin, with the options of apps/api/webpack.config.cjs, so the
// OpenAPI document in the API's tests has the request DTO schemas the built app has (ADR 0015).
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-plugin';
module.exports.version = 1;
module.exports.factory = (compiler) => plugin.before({ introspectComments: true, classValidatorShim: true }, compiler.program);
