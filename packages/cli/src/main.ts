export async function main(argv: string[]): Promise<number> {
  process.stdout.write(`plafond ${argv.join(' ')}\n`);
  return 0;
}
