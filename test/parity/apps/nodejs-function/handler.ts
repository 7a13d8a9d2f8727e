interface Greeting {
  readonly name?: string;
}

export const handler = async (event: Greeting): Promise<{ message: string }> => {
  return { message: `hello ${event.name ?? 'world'}` };
};
