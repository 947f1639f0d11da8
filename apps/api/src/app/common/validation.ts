import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { VALIDATION_FAILED } from '@ibsc/shared-dto';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; problems: string[] }> {
  const out: Array<{ field: string; problems: string[] }> = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      const problems = Object.values(e.constraints).map((p) =>
        p.startsWith('property ') && p.endsWith(' should not exist') ? `${field} is not an allowed field` : p,
      );
      // Several constraints of one field often share a message ("x must be an integer from 0 to 10"): say it once.
      out.push({ field, problems: [...new Set(problems)] });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** The pipe's field naming, for validations run by hand (e.g. a preset's stored filters). */
export { flatten as flattenValidationErrors };

/** Global pipe: strips nothing silently (unknown fields are errors) and names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map((d) => d.problems.join('; ')).join('; ') || 'invalid request';
      return new BadRequestException({ message, details, code: VALIDATION_FAILED });
    },
  });
}
